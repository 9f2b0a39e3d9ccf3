export { searchBroadcasts } from './broadcasts';
export { searchCampaigns } from './campaigns';
export { searchNewsletters } from './newsletters';
export { searchReportingWebhooks } from './reportingWebhooks';
export { searchManualSegments, searchSegments } from './segments';
export { searchTransactionalMessages } from './transactionalMessages';

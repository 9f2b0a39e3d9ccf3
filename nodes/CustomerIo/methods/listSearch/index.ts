export { searchCampaigns } from './campaigns';
export { searchManualSegments, searchSegments } from './segments';
export { searchTransactionalMessages } from './transactionalMessages';

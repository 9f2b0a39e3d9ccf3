export { CustomerIoSimulator } from './server';
export type { Api, ArrivedRequest, Fault, RecordedRequest, SimulatorOptions } from './server';
export { makeReportingEvent, sendReportingEvent, signedHeaders, subscriptionOf } from './reporting';
export type { ReportingEvent, SendOptions, SendResult } from './reporting';
export { JourneyPlayer } from './journey';
export type { Answer as JourneyAnswer, CopyRates, Counts as JourneyCounts, JourneyOptions } from './journey';
export type { AnonymousEvent, Campaign, CampaignDelivery, Delivery, Device, Person, Region, ReportingWebhook, Segment, StoredObject, TransactionalMessage, Workspace, WorkspaceInput } from './state';

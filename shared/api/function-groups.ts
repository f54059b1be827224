/**
 * The Lambda functions of a stack. HTTP groups serve routes of the route table;
 * the others are driven by events or schedules. The CDK app and the local host
 * both iterate these lists, so adding a function is one edit here.
 */
export const httpFunctionGroups = ['health', 'availability', 'bookings', 'calendar', 'capacity', 'configuration', 'directory', 'notifications'] as const;
export type HttpFunctionGroup = (typeof httpFunctionGroups)[number];

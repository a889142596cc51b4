/** Partition keys several entities share (an entity's own key builder composes them). */
export const userPk = (userId: number): string => `USER#${userId}`;
export const appPk = (appId: string): string => `APP#${appId}`;
/** A connection's own partition: its licenses and status history (the connection item itself lives in the app's). */
export const connectionPk = (appId: string, globalId: string): string => `CONN#${appId}#${globalId}`;

export * from './batchCode';
export * from './batchWindow';
export * from './order';
export * from './quota';
export * from './stateMachine';
export * from './submission';
export * from './photoSpec';

export {
  StorageEngine,
  serviceNodeStates,
  type NetworkView,
  type NodeIdentity,
  type RpcReply,
} from './engine.js';
export { openStorageDb, type StorageDb } from './db.js';

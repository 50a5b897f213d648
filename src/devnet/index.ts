export {
  startDevnet,
  Devnet,
  type DevnetDescriptor,
  type DevnetOptions,
  type DevnetNodeInfo,
  type DevnetNodeStatus,
} from './devnet.js';
export { makeOnsRecord } from './ons.js';

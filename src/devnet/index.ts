export {
  startDevnet,
  Devnet,
  type DevnetDescriptor,
  type DevnetOptions,
  type DevnetNodeInfo,
} from './devnet.js';
export { makeOnsRecord } from './ons.js';

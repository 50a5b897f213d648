export { SogsServer, type SogsServerOptions } from './server.js';

/** An RPC refusal with the exact status and text a real storage server answers (text/plain). */
export class RpcError extends Error {
  constructor(
    readonly status: number,
    text: string,
    /** A JSON body instead of text (421 carries the correct swarm). */
    readonly json?: unknown,
  ) {
    super(text);
  }
}

export const invalid = (what: string): RpcError => new RpcError(400, `invalid request: ${what}`);

import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';

// What every simulator needs to behave like a remote system under test: the same error body, the
// same answers to unknown routes and unreadable bodies, and requests held open on purpose.

export function errorBody(code: string, message: string, details?: unknown[]) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json(errorBody('NOT_FOUND', '接口不存在'));
};

/** Body-parser errors carry a 4xx `status` and a `type`; anything else is the simulator's own bug. */
export const simulatorErrorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  const fields = typeof err === 'object' && err !== null ? (err as { status?: unknown; type?: unknown }) : {};
  const status = typeof fields.status === 'number' ? fields.status : 500;
  if (fields.type === 'entity.parse.failed') {
    res.status(400).json(errorBody('INVALID_JSON', '请求体不是合法的 JSON'));
  } else if (status >= 400 && status < 500) {
    res.status(status).json(errorBody('BAD_REQUEST', '请求不合法'));
  } else {
    res.status(500).json(errorBody('INTERNAL_ERROR', '模拟器内部错误'));
  }
};

/** Requests a timeout or latency fault keeps open; tracked so that closing the server can release them. */
export function createHeldSockets() {
  const sockets = new Set<Socket>();
  return {
    /** Keeps the request unanswered. */
    hold(res: Response): void {
      const socket = res.socket;
      if (socket === null) return;
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    },
    /** Resolves true after `ms`, or false as soon as the client has gone away. */
    delay(res: Response, ms: number): Promise<boolean> {
      const socket = res.socket;
      if (socket === null) return Promise.resolve(false);
      sockets.add(socket);
      return new Promise((resolve) => {
        const finish = (stillConnected: boolean) => {
          clearTimeout(timer);
          socket.off('close', onClose);
          sockets.delete(socket);
          resolve(stillConnected);
        };
        const onClose = () => finish(false);
        const timer = setTimeout(() => finish(true), ms);
        socket.once('close', onClose);
      });
    },
    destroyAll(): void {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}

/** Stops a listening simulator: held requests are released first, so close() does not wait on them forever. */
export function closeSimulator(server: Server, releaseHeld: () => void): Promise<void> {
  releaseHeld();
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}

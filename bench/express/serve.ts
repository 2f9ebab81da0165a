import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'
import type { Served } from '../shared.js'

/** Listens on loopback, port 0; closing drops the load driver's keep-alive connections first. */
export async function serve(app: Express, onClose: () => Promise<void> = async () => {}): Promise<Served> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)))
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
      await onClose()
    },
  }
}

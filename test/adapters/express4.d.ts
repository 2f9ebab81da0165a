// Express 4, installed beside Express 5 under another name (`npm:express@4`) so the adapter is
// tested on both; its API is what the harness uses of Express 5's types.
declare module 'express4' {
  import type express from 'express'

  const express4: typeof express
  export default express4
}

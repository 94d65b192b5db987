// wrangler's Data rule turns a bundled binary file into an ArrayBuffer default export (Workers entry only).
declare module '*.ttf' {
  const data: ArrayBuffer;
  export default data;
}

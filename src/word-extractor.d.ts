/** word-extractor ships no types; the .doc reader (src/lib/import/forms/doc.ts) types what it uses. */
declare module 'word-extractor/lib/word-ole-extractor.js' {
  const WordOleExtractor: unknown;
  export default WordOleExtractor;
}
declare module 'word-extractor/lib/buffer-reader.js' {
  const BufferReader: unknown;
  export default BufferReader;
}

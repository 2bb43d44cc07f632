import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeContractFormatted } from './describe';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'CHANNELS.md');
fs.writeFileSync(file, await describeContractFormatted(file));
console.log(`wrote ${file}`);

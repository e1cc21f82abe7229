import { run } from './run.js';

console.log(JSON.stringify(await run(process.env), null, 2));

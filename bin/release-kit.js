#!/usr/bin/env node
// The CLI is bundled by `npm run build` into dist/cli.js (committed), so `npx release-kit` works after `npm ci`.
import "../dist/cli.js";

#!/usr/bin/env node
// The installed command. A file of its own (not dist/cli.js) so that the link exists before the first
// build: pnpm links workspace bins at install time, and warns when the target is missing.
import '../dist/cli.js';

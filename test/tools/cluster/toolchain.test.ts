import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { goTool, toolPath, ToolUnavailable } from '../../../src/tools/cluster/toolchain';
import { scratchDir } from '../../support/scratch';

describe('goTool', () => {
  const saved = { PATH: process.env.PATH, GPU_PLATFORM_TOOLS: process.env.GPU_PLATFORM_TOOLS };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.GPU_PLATFORM_TOOLS === undefined) delete process.env.GPU_PLATFORM_TOOLS;
    else process.env.GPU_PLATFORM_TOOLS = saved.GPU_PLATFORM_TOOLS;
  });

  it('refuses with the install instruction, not a silent pass, when Go is missing and nothing is built', () => {
    process.env.GPU_PLATFORM_TOOLS = scratchDir('tools');
    process.env.PATH = '';
    expect(() => goTool('helm')).toThrow(ToolUnavailable);
    expect(() => goTool('helm')).toThrow(/Install Go >= 1\.25 .* then run `npm run check:cluster` again/s);
  });

  it('uses the binary built for the same pin without needing Go', () => {
    process.env.GPU_PLATFORM_TOOLS = scratchDir('tools');
    process.env.PATH = '';
    fs.writeFileSync(toolPath('helm'), '#!/bin/sh\n', { mode: 0o755 });
    expect(goTool('helm')).toBe(toolPath('helm'));
    expect(path.basename(toolPath('helm'))).toMatch(/^helm-[0-9a-f]{16}$/);
  });
});

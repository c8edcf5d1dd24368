import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { environments } from '../../src/config/environments';
import { validateEnvironment } from '../../src/config/validate';
import { synthEnvironments } from '../../src/synth/synth';

vi.mock('../../src/config/validate', async (original) => {
  const real = await original<typeof import('../../src/config/validate')>();
  return { ...real, validateEnvironment: vi.fn(real.validateEnvironment) };
});

describe('synth validation', () => {
  it('validates each environment once per synth', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-once-'));
    vi.mocked(validateEnvironment).mockClear();
    synthEnvironments(Object.values(environments), { outdir: out });
    expect(vi.mocked(validateEnvironment).mock.calls.map(([env]) => env.name)).toEqual(Object.keys(environments));
  });
});

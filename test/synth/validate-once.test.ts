import { describe, expect, it, vi } from 'vitest';
import { environments } from '../../src/config/environments';
import { validateEnvironment } from '../../src/config/validate';
import { synthEnvironments } from '../../src/synth/synth';
import { scratchDir } from '../support/scratch';

vi.mock('../../src/config/validate', async (original) => {
  const real = await original<typeof import('../../src/config/validate')>();
  return { ...real, validateEnvironment: vi.fn(real.validateEnvironment) };
});

describe('synth validation', () => {
  it('validates each environment once per synth', () => {
    const out = scratchDir('validate-once');
    vi.mocked(validateEnvironment).mockClear();
    synthEnvironments(Object.values(environments), { outdir: out });
    expect(vi.mocked(validateEnvironment).mock.calls.map(([env]) => env.name)).toEqual(Object.keys(environments));
  });
});

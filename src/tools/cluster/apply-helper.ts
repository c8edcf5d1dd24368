/** Runs the Go apply helper over a list of steps and returns the server's answer to each. */
import { spawn } from 'node:child_process';
import type { ApplyStep } from './plan';
import { goTool } from './toolchain';

export interface ApplyResult {
  readonly id: string;
  readonly ok: boolean;
  readonly error?: string;
}

export function applyAll(kubeconfig: string, steps: readonly ApplyStep[]): Promise<ApplyResult[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(goTool('apply'), ['--kubeconfig', kubeconfig], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`apply helper exited ${code}: ${err}`));
      const results = out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ApplyResult);
      if (results.length !== steps.length) return reject(new Error(`apply helper answered ${results.length} of ${steps.length} steps: ${err}`));
      resolve(results);
    });
    p.stdin.end(steps.map((s) => JSON.stringify(s)).join('\n') + '\n');
  });
}

// What the two ways of running the sandbox by hand share (main.node.ts from SANDBOX_* variables, `ferry sandbox
// freshsales` from flags): the option rules and defaults, the printout, and staying up until a signal.
import { z } from 'zod';
import { PlanId } from '../../../../rules/schema/platform.ts';
import { startFreshsalesSandbox, type RunningSandbox } from './start.node.ts';

export const SandboxLaunch = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8788),
  plan: PlanId.default('pro'),
  apiKey: z.string().regex(/^\S{8,}$/, 'at least 8 characters without spaces').optional(),
  stateFile: z.string().min(1).optional(),
  timeScale: z.coerce.number().positive().default(1),
});
export type SandboxLaunch = z.infer<typeof SandboxLaunch>;
type SandboxLaunchInput = { [K in keyof SandboxLaunch]?: string };

/** The launch options, or the first bad one as `<its name for the caller>: <what is wrong>`. */
export function parseSandboxLaunch(input: SandboxLaunchInput, names: Record<keyof SandboxLaunch, string>): SandboxLaunch | string {
  const parsed = SandboxLaunch.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return `${names[issue.path[0] as keyof SandboxLaunch]}: ${issue.message}`;
}

/** The lines printed on start; `howToKeep` tells how this launcher names a state file. */
function describeSandbox(running: RunningSandbox, stateFile: string | undefined, howToKeep: string): string[] {
  return [
    `Freshsales sandbox (${running.sandbox.state.plan}) listening on ${running.url}`,
    `  Suite base URL:   ${running.suiteBaseUrl}`,
    `  Classic base URL: ${running.classicBaseUrl}`,
    // A sandbox key, printed so the engineer can point Ferry at the sandbox.
    `  API key:          ${running.apiKey}`,
    `  Admin surface:    ${running.url}/_sandbox/state`,
    stateFile ? `  State file:       ${stateFile}` : `  State: in memory only (${howToKeep} to keep it)`,
  ];
}

/** Starts the sandbox, prints where it listens, and resolves once SIGINT or SIGTERM has stopped it (state flushed). */
export async function serveSandboxUntilSignal(launch: SandboxLaunch, howToKeep: string, write: (text: string) => void): Promise<void> {
  const running = await startFreshsalesSandbox(launch);
  write(describeSandbox(running, launch.stateFile, howToKeep).join('\n') + '\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, stop);
      void running.stop().then(resolve);
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  });
}

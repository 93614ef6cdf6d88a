/**
 * V8 heap limits of the writing worker thread (passed to `new Worker` in ./index.ts).
 *
 * `maxYoungGenerationSizeMb: 4`: V8's default young generation lets the worker's heap grow to
 * ≈ 57 MiB while it lints (textlint's AST and kuromoji's tokens are short-lived); capped at 4 MiB
 * it stays at ≈ 30 MiB. Measured with `WRITING_MEMORY_YOUNG=<MiB> node --import tsx
 * test/bench/writingMemory.ts compact` (load average 7–9 on 2 cores, three runs each): peak RSS
 * on the samples' 582 texts 188–205 MiB by default, 160–167 at 4 MiB; on the 9,000-line bench
 * sheet's 1,171 texts 225–231 → 198–201 MiB; the worker thread's CPU time for those texts
 * 1,610–2,450 ms by default, 1,850–2,580 ms at 4 MiB (within the noise of the machine). 2 MiB saved
 * 3 MiB more; smaller gains are not worth more frequent scavenges. The old generation is not
 * limited: a limit would end the worker on a large sheet instead of slowing it.
 */
export const writingWorkerResourceLimits = { maxYoungGenerationSizeMb: 4 } as const;

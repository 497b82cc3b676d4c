/** The simulated fleet at a given size, as the scale and scrape-shard benchmarks run it. */

/**
 * Redundant expert slots that make 256 experts divide evenly over an EP group of `ranks`: one per rank where 256
 * already divides (as before), else enough to fill the last round of slots.
 */
export function redundantExperts(ranks: number): number {
  return 256 % ranks === 0 ? ranks : ranks - (256 % ranks);
}

/** Half the engines prefill, half decode, 4 per pod; redundant slots so the experts divide evenly. */
export function simArgs(engines: number): string[] {
  const pods = String(engines / 8);
  return [
    ...['--scenario', 'steady-wideep', '--prefill-pods', pods, '--decode-pods', pods, '--engines-per-pod', '4'],
    ...[
      '--layers',
      '61',
      '--experts',
      '256',
      '--redundant-experts',
      String(redundantExperts(engines / 2)),
      '--expert-debug',
    ],
  ];
}

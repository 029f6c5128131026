#!/usr/bin/env python3
"""Prints the hottest frames of an async-profiler collapsed-stacks file: the top frames by
self samples, then the pagekv frames (io/pagekv, bench harness excluded) and kernel frames
by inclusive samples. Only the benchmark thread's stacks count (those through jmh_generated).

    python3 bench/hot-frames.py collapsed-cpu.csv [TOP]
"""
import collections
import sys


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    total = 0
    self_samples = collections.Counter()
    inclusive = collections.Counter()
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip().rpartition(" ")
            frames = stack.split(";")
            if not any("jmh_generated" in frame for frame in frames):
                continue
            samples = int(count)
            total += samples
            self_samples[frames[-1]] += samples
            for frame in set(frames):
                inclusive[frame] += samples
    print(f"samples: {total}")
    if total == 0:
        return
    print("self:")
    for frame, samples in self_samples.most_common(top):
        print(f"  {100 * samples / total:5.1f}%  {frame}")
    print("inclusive, pagekv and kernel:")
    shown = 0
    for frame, samples in inclusive.most_common():
        wanted = (frame.startswith("io/pagekv/") and not frame.startswith("io/pagekv/bench/")) or frame.endswith("_[k]")
        if wanted and shown < top:
            print(f"  {100 * samples / total:5.1f}%  {frame}")
            shown += 1


if __name__ == "__main__":
    main()

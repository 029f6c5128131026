package io.pagekv.bench.space;

import io.pagekv.bench.kv.Engine;

/**
 * One curve of the overwrite run: an engine in the configuration the throughput runs use, and
 * the way it reclaims space there.
 */
enum Contender
{
    PAGEKV("pagekv", Engine.PAGEKV, false,
        "default `CompactionPolicy`: after a commit, once the log passes 1.5× the live pages, the oldest segments' live pages move to the tail one bounded commit at a time and the segments are deleted"),
    LMDB("lmdbjava", Engine.LMDB, false,
        "free-list reuse: pages a commit frees are reused by later commits once no reader can see them; the file never shrinks"),
    MVSTORE("mvstore", Engine.MVSTORE, false,
        "auto-commit off, as in the throughput runs (its fastest documented way), so the background thread that auto-compacts does not run; each commit writes a new chunk, and the space of a dead chunk is reused only after MVStore's retention time (45 s by default, against file systems that reorder writes)"),
    MVSTORE_BACKGROUND("mvstore + auto-compact", Engine.MVSTORE, true,
        "auto-commit on (MVStore's default, a background commit every second), so its background thread also rewrites chunks below its default fill rate when the store is idle enough; the same retention time applies"),
    ROCKSDB("rocksdb", Engine.ROCKSDB, false,
        "its default leveled compaction in 2 background jobs; the write-ahead log counts too");

    private final String label;
    private final Engine engine;
    private final boolean background;
    private final String reclamation;

    Contender(final String label, final Engine engine, final boolean background, final String reclamation)
    {
        this.label = label;
        this.engine = engine;
        this.background = background;
        this.reclamation = reclamation;
    }

    /** @return the curve's name on the chart and in the table. */
    String label()
    {
        return label;
    }

    /** @return the engine. */
    Engine engine()
    {
        return engine;
    }

    /** @return whether the engine's background housekeeping runs. */
    boolean background()
    {
        return background;
    }

    /** @return how it reclaims space, one line of Markdown. */
    String reclamation()
    {
        return reclamation;
    }
}

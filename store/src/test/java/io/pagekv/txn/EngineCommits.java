package io.pagekv.txn;

import io.pagekv.btree.WriteTree;

/**
 * Commits for tests that drive an {@link Engine} and its {@link Committer} without a store: one
 * put on the head, committed.
 */
final class EngineCommits
{
    private EngineCommits()
    {
    }

    /**
     * @param engine    the open, writable engine.
     * @param committer its committer.
     * @param key       the key.
     * @param value     the value.
     * @return the new head.
     */
    static CommitState put(final Engine engine, final Committer committer, final byte[] key, final byte[] value)
    {
        final CommitState head = engine.head();
        final WriteTree tree = new WriteTree(engine.pages(), head.root(), head.depth(), head.entryCount());
        tree.put(key, value);
        return committer.commit(tree, head.txnId() + 1);
    }
}

package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.page.Segment;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * A dirty branch: separator keys and children, each child either a committed page id or a dirty
 * {@link Node} (then its page id slot holds no meaning until commit).
 *
 * <p>A branch copied from a committed page starts lazy (decision 60): its child ids are read into
 * {@link #childIds}, but its separators stay in the page, searched there, and written out by
 * copying the page's slots and cells, until a separator is added or removed. Only a page laid
 * out as {@link NodeCodec#writeBranch} lays it out (cells packed from the page's end in key
 * order) is taken lazily; any other is copied key by key.
 */
final class BranchNode extends Node
{
    static final int HEADER_BYTES = BranchLayout.SLOTS_OFFSET;

    /** The separators once the branch is materialized; null while it is lazy. */
    private byte[][] keys;
    long[] childIds;
    Node[] childNodes;
    /** While lazy: the segment holding the committed page whose separators this branch has. */
    private Segment source;
    /** While lazy: the committed page's offset in {@link #source}. */
    private int sourcePage;

    /**
     * @param capacity     separators to make room for.
     * @param sourcePageId the committed page copied, or {@link PageAddress#NONE} for a new branch.
     */
    BranchNode(final int capacity, final long sourcePageId)
    {
        super(HEADER_BYTES, sourcePageId);
        keys = new byte[Math.max(4, capacity)][];
        childIds = new long[keys.length + 1];
        childNodes = new Node[keys.length + 1];
    }

    private BranchNode(final Segment source, final int page, final int count, final long sourcePageId)
    {
        super(HEADER_BYTES, sourcePageId);
        this.source = source;
        this.sourcePage = page;
        this.size = count;
        childIds = new long[Math.max(4, count + 1) + 1];
        childNodes = new Node[childIds.length];
    }

    /**
     * A dirty copy of a committed branch page: lazy if the page is laid out as this class writes
     * branches, else copied key by key.
     *
     * @param segment  the segment holding the page, its checksum checked.
     * @param page     the page's offset in the segment's buffer.
     * @param pageId   its id.
     * @param pageSize the page size.
     * @return the dirty copy.
     */
    static BranchNode of(final Segment segment, final int page, final long pageId, final int pageSize)
    {
        final DirectBuffer buffer = segment.buffer();
        final int count = PageLayout.count(buffer, page);
        final int slotsEnd = BranchLayout.SLOTS_OFFSET + count * BranchLayout.SLOT_LENGTH;
        if (slotsEnd > pageSize)
        {
            return NodeCodec.readBranch(buffer, page, pageId);
        }
        final BranchNode branch = new BranchNode(segment, page, count, pageId);
        branch.childIds[0] = buffer.getLong(page + BranchLayout.FIRST_CHILD_OFFSET, FormatVersion.ORDER);
        int cellEnd = pageSize;
        for (int i = 0; i < count; i++)
        {
            final int cell = BranchLayout.cell(buffer, page, i) - page;
            if (cell < slotsEnd || cell > cellEnd - BranchLayout.KEY_OFFSET ||
                cell + BranchLayout.KEY_OFFSET + BranchLayout.keyLength(buffer, page + cell) != cellEnd)
            {
                return NodeCodec.readBranch(buffer, page, pageId);
            }
            branch.childIds[i + 1] = buffer.getLong(page + cell + BranchLayout.CHILD_OFFSET, FormatVersion.ORDER);
            branch.bytes += BranchLayout.SLOT_LENGTH + cellEnd - cell;
            cellEnd = cell;
        }
        return branch;
    }

    /**
     * @param index a separator's index.
     * @return the separator (a copy while the branch is lazy).
     */
    byte[] separator(final int index)
    {
        if (keys != null)
        {
            return keys[index];
        }
        final DirectBuffer buffer = source.buffer();
        final int cell = BranchLayout.cell(buffer, sourcePage, index);
        final byte[] key = new byte[BranchLayout.keyLength(buffer, cell)];
        buffer.getBytes(cell + BranchLayout.KEY_OFFSET, key);
        return key;
    }

    /** Copies the separators out of the committed page: from now on they are edited here. */
    private void materialize()
    {
        if (keys != null)
        {
            return;
        }
        final byte[][] copies = new byte[childIds.length - 1][];
        for (int i = 0; i < size; i++)
        {
            copies[i] = separator(i);
        }
        keys = copies;
        source = null;
    }

    /**
     * Writes the separators and child ids of a lazy branch into a page: the committed page's
     * slots and cells as they are, each cell's child id replaced by this branch's, and zeros
     * between them.
     *
     * @param out      the buffer to write into.
     * @param page     the page's offset in it.
     * @param pageSize the page size.
     * @return false if the branch is materialized, and nothing was written.
     */
    boolean copyLazyCells(final MutableDirectBuffer out, final int page, final int pageSize)
    {
        if (keys != null)
        {
            return false;
        }
        final DirectBuffer buffer = source.buffer();
        final int slotsEnd = BranchLayout.SLOTS_OFFSET + size * BranchLayout.SLOT_LENGTH;
        final int cellStart = pageSize - (bytes - slotsEnd);
        out.putLong(page + BranchLayout.FIRST_CHILD_OFFSET, childIds[0], FormatVersion.ORDER);
        out.putBytes(page + BranchLayout.SLOTS_OFFSET, buffer, sourcePage + BranchLayout.SLOTS_OFFSET, slotsEnd - BranchLayout.SLOTS_OFFSET);
        out.setMemory(page + slotsEnd, cellStart - slotsEnd, (byte)0);
        out.putBytes(page + cellStart, buffer, sourcePage + cellStart, pageSize - cellStart);
        for (int i = 0; i < size; i++)
        {
            out.putLong(BranchLayout.cell(out, page, i) + BranchLayout.CHILD_OFFSET, childIds[i + 1], FormatVersion.ORDER);
        }
        return true;
    }

    @Override
    boolean isLeaf()
    {
        return false;
    }

    int children()
    {
        return size + 1;
    }

    /**
     * @param key a key.
     * @return index of the child whose range holds the key.
     */
    int childFor(final byte[] key)
    {
        if (keys != null)
        {
            final int found = Keys.search(keys, size, key);
            return found >= 0 ? found + 1 : -found - 1;
        }
        final DirectBuffer buffer = source.buffer();
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cell = BranchLayout.cell(buffer, sourcePage, mid);
            if (Keys.compare(buffer, cell + BranchLayout.KEY_OFFSET, BranchLayout.keyLength(buffer, cell), key) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low;
    }

    void setFirstChild(final long pageId, final Node node)
    {
        childIds[0] = pageId;
        childNodes[0] = node;
    }

    /**
     * Inserts separator {@code key} at {@code index} with child {@code index + 1} on its right.
     */
    void insert(final int index, final byte[] key, final long childId, final Node childNode)
    {
        materialize();
        if (size == keys.length)
        {
            keys = Arrays.copyOf(keys, size * 2);
            childIds = Arrays.copyOf(childIds, size * 2 + 1);
            childNodes = Arrays.copyOf(childNodes, size * 2 + 1);
        }
        System.arraycopy(keys, index, keys, index + 1, size - index);
        System.arraycopy(childIds, index + 1, childIds, index + 2, size - index);
        System.arraycopy(childNodes, index + 1, childNodes, index + 2, size - index);
        keys[index] = key;
        childIds[index + 1] = childId;
        childNodes[index + 1] = childNode;
        size++;
        bytes += BranchLayout.entryLength(key.length);
    }

    /**
     * Removes separator {@code index} and child {@code index + 1}.
     */
    void remove(final int index)
    {
        materialize();
        bytes -= BranchLayout.entryLength(keys[index].length);
        System.arraycopy(keys, index + 1, keys, index, size - index - 1);
        System.arraycopy(childIds, index + 2, childIds, index + 1, size - index - 1);
        System.arraycopy(childNodes, index + 2, childNodes, index + 1, size - index - 1);
        size--;
        keys[size] = null;
        childNodes[size + 1] = null;
    }

    /**
     * Removes child {@code child} and the separator that bounds it: the one on its left, or for
     * the first child the one on its right.
     */
    void removeChild(final int child)
    {
        materialize();
        if (child > 0)
        {
            remove(child - 1);
            return;
        }
        childIds[0] = childIds[1];
        childNodes[0] = childNodes[1];
        bytes -= BranchLayout.entryLength(keys[0].length);
        System.arraycopy(keys, 1, keys, 0, size - 1);
        System.arraycopy(childIds, 2, childIds, 1, size - 1);
        System.arraycopy(childNodes, 2, childNodes, 1, size - 1);
        size--;
        keys[size] = null;
        childNodes[size + 1] = null;
    }

    /**
     * Splits around a middle separator, which moves up to the parent.
     *
     * @return the middle key in slot 0 of the returned sibling's holder; see {@link Split}.
     */
    Split split()
    {
        materialize();
        final int half = (bytes - HEADER_BYTES) / 2;
        int mid = 0;
        int left = 0;
        while (mid < size - 2 && left < half)
        {
            left += BranchLayout.entryLength(keys[mid].length);
            mid++;
        }
        mid = Math.max(1, mid);
        final byte[] up = keys[mid];
        final BranchNode right = new BranchNode(size - mid, PageAddress.NONE);
        right.setFirstChild(childIds[mid + 1], childNodes[mid + 1]);
        for (int i = mid + 1; i < size; i++)
        {
            right.insert(i - mid - 1, keys[i], childIds[i + 1], childNodes[i + 1]);
        }
        while (size > mid)
        {
            remove(size - 1);
        }
        return new Split(up, right);
    }

    /**
     * Appends separator {@code middle} and every separator and child of {@code right}.
     */
    void absorb(final byte[] middle, final BranchNode right)
    {
        right.materialize();
        insert(size, middle, right.childIds[0], right.childNodes[0]);
        for (int i = 0; i < right.size; i++)
        {
            insert(size, right.keys[i], right.childIds[i + 1], right.childNodes[i + 1]);
        }
    }

    int mergedBytes(final byte[] middle, final BranchNode right)
    {
        return bytes + BranchLayout.entryLength(middle.length) + right.bytes - HEADER_BYTES;
    }
}

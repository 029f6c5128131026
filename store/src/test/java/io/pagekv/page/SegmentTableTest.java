package io.pagekv.page;

import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Segment lifetimes: a retired segment leaves the store at once, but its file stays open (and
 * undeleted) until the last pin goes.
 */
class SegmentTableTest
{
    private static final int PAGE = 4096;
    private static final long STORE_ID = 0x1234L;

    @TempDir
    Path dir;

    @Test
    void retiredSegmentLivesUntilItsLastPinGoes() throws IOException
    {
        final SegmentTable table = new SegmentTable(dir, FileIO.jdk(), PAGE, STORE_ID, true);
        final Segment segment = table.create(3, 16, 7);
        final Path path = SegmentFiles.path(dir, 3);
        assertSame(segment, table.pages().find(3));
        assertEquals(1, segment.references());

        final Segment first = table.pin(3);
        final Segment second = table.pin(3);
        assertSame(segment, first);
        assertSame(segment, second);
        assertEquals(3, segment.references());

        table.retire(segment, true);
        assertNull(table.pages().find(3), "a retired segment is no longer in the store");
        assertNull(table.pin(3), "a retired segment cannot be pinned again");
        assertTrue(Files.exists(path));
        assertTrue(segment.hasOpenFile(), "pinned: the file stays open");

        table.unpin(first);
        assertTrue(Files.exists(path));
        assertTrue(segment.hasOpenFile());

        table.unpin(second);
        assertFalse(segment.hasOpenFile(), "the last pin closes the file");
        assertFalse(Files.exists(path), "and deletes it, as the retirement asked");
        assertThrows(IllegalStateException.class, () -> table.unpin(second));
    }

    @Test
    void retiringWithoutPinsClosesAtOnceAndKeepsTheFileUnlessAsked() throws IOException
    {
        final SegmentTable table = new SegmentTable(dir, FileIO.jdk(), PAGE, STORE_ID, true);
        final Segment kept = table.create(0, 16, 0);
        table.retire(kept, false);
        assertFalse(kept.hasOpenFile());
        assertTrue(Files.exists(SegmentFiles.path(dir, 0)));

        final Segment reopened = table.open(0);
        assertNotNull(reopened, "a file that was kept maps again");
        assertEquals(1, reopened.references());
        table.closeAll();
        assertFalse(reopened.hasOpenFile());
    }

    @Test
    void recreatingASegmentRetiresTheOldMapping() throws IOException
    {
        final SegmentTable table = new SegmentTable(dir, FileIO.jdk(), PAGE, STORE_ID, true);
        final Segment old = table.create(1, 16, 4);
        final Segment pinned = table.pin(1);
        final Segment fresh = table.create(1, 32, 5);
        assertSame(fresh, table.pages().find(1));
        assertEquals(32, fresh.capacityPages());
        assertTrue(old.hasOpenFile(), "the old mapping's file stays open while pinned");
        table.unpin(pinned);
        assertFalse(old.hasOpenFile());
        assertTrue(Files.exists(SegmentFiles.path(dir, 1)), "the file now belongs to the new segment");
        table.closeAll();
    }

    @Test
    void deleteFilesAfterRemovesLaterSegmentsOnly() throws IOException
    {
        final SegmentTable table = new SegmentTable(dir, FileIO.jdk(), PAGE, STORE_ID, true);
        table.create(0, 16, 0);
        final Segment later = table.create(1, 16, 3);
        table.create(2, 16, 6);
        table.deleteFilesAfter(0, false);
        assertEquals(1, table.listFiles().length);
        assertNull(table.pages().find(1));
        assertFalse(later.hasOpenFile());
        table.closeAll();
    }
}

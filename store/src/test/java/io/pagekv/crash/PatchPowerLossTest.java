package io.pagekv.crash;

import io.pagekv.FileSeam;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.TestStores;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Power loss while patching: a run of patches (small, page-crossing, and longer than a page, so
 * that their records take several pages) is recorded through the file seam, and at every event
 * of the log (between each patch record, its force, and the in-place writes of the bytes and of
 * the checksum) images are built in which unforced writes are lost, land, or tear. Each image
 * must open, verify clean, and hold the value as it was after some patch between the last
 * acknowledged one and the last begun one: every acknowledged patch is there, none is torn, and
 * none is there without all those before it.
 */
@Tag("crash")
class PatchPowerLossTest
{
    private static final int VALUE_LENGTH = 3 * 4096 + 100;
    private static final int PATCHES = 8;

    @TempDir
    Path tmp;

    @Test
    void everyImageHoldsEveryAcknowledgedPatchWholeAndNoTornOne()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final Path live = tmp.resolve("live");
        final byte[] initial = new byte[VALUE_LENGTH];
        random.nextBytes(initial);
        try (Store store = Store.open(live))
        {
            store.putPatchable(key(), initial);
        }
        final List<byte[]> states = new ArrayList<>();
        states.add(initial.clone());
        final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), live);
        try (Store store = Store.open(live, FileSeam.with(StoreOptions.defaults(), recorder)))
        {
            byte[] value = initial.clone();
            for (int i = 1; i <= PATCHES; i++)
            {
                final int length = switch (i % 3)
                {
                    case 0 -> 1 + random.nextInt(16);
                    case 1 -> 4096 + random.nextInt(2000);
                    default -> 100 + random.nextInt(400);
                };
                final int offset = random.nextInt(VALUE_LENGTH - length + 1);
                final byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                recorder.mark(RecordingFileIO.BEGIN, i);
                store.patch(key(), offset, bytes);
                recorder.mark(RecordingFileIO.ACK_SYNC, i);
                value = value.clone();
                System.arraycopy(bytes, 0, value, offset, length);
                states.add(value);
            }
        }
        final var events = recorder.events();
        final PowerLossImage model = new PowerLossImage(recorder, 0);
        final Path imageDir = tmp.resolve("image");
        int images = 0;
        for (int cut = 0; cut <= events.size(); cut++)
        {
            while (model.position() < cut)
            {
                model.apply(events.get(model.position()));
            }
            // Every cut gets an image with only forced bytes and one with unforced writes landing at random.
            for (final PowerLossImage.Style style : new PowerLossImage.Style[] {PowerLossImage.Style.NONE_LANDS,
                cut % 2 == 0 ? PowerLossImage.Style.RANDOM : PowerLossImage.Style.ORDERED_PREFIX})
            {
                final long imageSeed = random.nextLong();
                final Map<String, byte[]> image = model.image(new Random(imageSeed), style);
                PowerLossImage.write(image, imageDir);
                final String where = "seed " + seed + ", cut " + cut + "/" + events.size() + ", style " + style + ", image seed " + imageSeed;
                try (Store store = Store.open(imageDir))
                {
                    TestStores.assertClean(store);
                    final byte[] found = store.get(key());
                    final int state = indexOf(states, found);
                    assertTrue(state >= model.lastDurable() && state <= model.lastBegun(), where + ": the value is state " + state +
                        ", expected one of " + model.lastDurable() + ".." + model.lastBegun() + " (-1: no state at all, a torn patch)");
                    images++;
                }
                catch (final RuntimeException ex)
                {
                    fail(where + ": " + ex, ex);
                }
            }
        }
        assertTrue(images > PATCHES * 2, "only " + images + " images");
    }

    private static int indexOf(final List<byte[]> states, final byte[] value)
    {
        for (int i = states.size() - 1; i >= 0; i--)
        {
            if (Arrays.equals(states.get(i), value))
            {
                return i;
            }
        }
        return -1;
    }

    private static byte[] key()
    {
        return "patched".getBytes(StandardCharsets.UTF_8);
    }
}

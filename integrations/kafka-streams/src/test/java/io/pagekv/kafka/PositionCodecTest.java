package io.pagekv.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.query.Position;
import org.junit.jupiter.api.Test;

class PositionCodecTest
{
    @Test
    void aPositionComesBackAsItWasWritten()
    {
        final Position position = Position.emptyPosition().withComponent("input", 0, 41).withComponent("input", 3, 7)
            .withComponent("tópico", 1, Long.MAX_VALUE);
        assertEquals(position, PositionCodec.decode("s", PositionCodec.encode(position)));
        assertEquals(Position.emptyPosition(), PositionCodec.decode("s", PositionCodec.encode(Position.emptyPosition())));
    }

    @Test
    void damagedBytesAreRefusedWithTheStoreName()
    {
        final byte[] bytes = PositionCodec.encode(Position.emptyPosition().withComponent("input", 0, 41));
        final ProcessorStateException cut = assertThrows(ProcessorStateException.class,
            () -> PositionCodec.decode("counts", Arrays.copyOf(bytes, bytes.length - 1)));
        assertTrue(cut.getMessage().contains("pagekv store counts"), cut.getMessage());
        final byte[] hugeCount = bytes.clone();
        hugeCount[7] = 100;
        assertThrows(ProcessorStateException.class, () -> PositionCodec.decode("counts", hugeCount));
        final byte[] otherVersion = bytes.clone();
        otherVersion[3] = 9;
        assertThrows(ProcessorStateException.class, () -> PositionCodec.decode("counts", otherVersion));
    }
}

package io.pagekv.bench.kv;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ByteArrayDataType;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * MVStore key type for byte-array keys ordered as unsigned bytes, like the other engines; the
 * stock {@link ByteArrayDataType} stores byte arrays but cannot compare them.
 */
final class UnsignedBytesType extends BasicDataType<byte[]>
{
    static final UnsignedBytesType INSTANCE = new UnsignedBytesType();

    private UnsignedBytesType()
    {
    }

    @Override
    public int compare(final byte[] a, final byte[] b)
    {
        return Arrays.compareUnsigned(a, b);
    }

    @Override
    public int getMemory(final byte[] key)
    {
        return ByteArrayDataType.INSTANCE.getMemory(key);
    }

    @Override
    public void write(final WriteBuffer buffer, final byte[] key)
    {
        ByteArrayDataType.INSTANCE.write(buffer, key);
    }

    @Override
    public byte[] read(final ByteBuffer buffer)
    {
        return ByteArrayDataType.INSTANCE.read(buffer);
    }

    @Override
    public byte[][] createStorage(final int size)
    {
        return new byte[size][];
    }
}

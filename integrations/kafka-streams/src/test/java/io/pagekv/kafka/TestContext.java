package io.pagekv.kafka;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A {@link StateStoreContext} for opening a store outside a topology: a task directory, a config,
 * the record being processed (settable), and the restore callback the store registers.
 */
final class TestContext implements StateStoreContext
{
    private final Path taskDir;
    private final Map<String, Object> configs = new HashMap<>();
    private RecordMetadata record;
    private StateRestoreCallback restoreCallback;

    TestContext(final Path taskDir)
    {
        this.taskDir = taskDir;
    }

    TestContext config(final String key, final Object value)
    {
        configs.put(key, value);
        return this;
    }

    /**
     * Makes the next writes look as if they processed this input record.
     */
    void processing(final String topic, final int partition, final long offset)
    {
        record = new RecordMetadata()
        {
            @Override
            public String topic()
            {
                return topic;
            }

            @Override
            public int partition()
            {
                return partition;
            }

            @Override
            public long offset()
            {
                return offset;
            }
        };
    }

    BatchingStateRestoreCallback restoreCallback()
    {
        return (BatchingStateRestoreCallback)restoreCallback;
    }

    @Override
    public String applicationId()
    {
        return "pagekv-test";
    }

    @Override
    public TaskId taskId()
    {
        return new TaskId(0, 0);
    }

    @Override
    public Optional<RecordMetadata> recordMetadata()
    {
        return Optional.ofNullable(record);
    }

    @Override
    public Serde<?> keySerde()
    {
        return null;
    }

    @Override
    public Serde<?> valueSerde()
    {
        return null;
    }

    @Override
    public File stateDir()
    {
        return taskDir.toFile();
    }

    @Override
    public StreamsMetrics metrics()
    {
        return null;
    }

    @Override
    public void register(final StateStore store, final StateRestoreCallback callback)
    {
        restoreCallback = callback;
    }

    @Override
    public void register(final StateStore store, final StateRestoreCallback callback, final CommitCallback onCommit)
    {
        restoreCallback = callback;
    }

    @Override
    public Map<String, Object> appConfigs()
    {
        return configs;
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(final String prefix)
    {
        final Map<String, Object> matching = new HashMap<>();
        configs.forEach((key, value) ->
        {
            if (key.startsWith(prefix))
            {
                matching.put(key.substring(prefix.length()), value);
            }
        });
        return matching;
    }
}

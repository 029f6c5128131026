package io.pagekv.kafka;

import java.util.Arrays;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft Kafka cluster in this JVM, from Kafka's own test kit, set up for one replica
 * and quick transaction clean-up.
 */
final class EmbeddedCluster implements AutoCloseable
{
    private final KafkaClusterTestKit cluster;

    private EmbeddedCluster(final KafkaClusterTestKit cluster)
    {
        this.cluster = cluster;
    }

    static EmbeddedCluster start() throws Exception
    {
        final KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
            .build();
        try
        {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        }
        catch (final Exception ex)
        {
            new EmbeddedCluster(cluster).close();
            throw ex;
        }
        return new EmbeddedCluster(cluster);
    }

    String bootstrapServers()
    {
        return cluster.bootstrapServers();
    }

    Admin admin()
    {
        return cluster.admin();
    }

    void createTopics(final int partitions, final String... names) throws Exception
    {
        try (Admin admin = admin())
        {
            admin.createTopics(Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short)1)).toList())
                .all().get();
        }
    }

    /**
     * Stops the cluster and deletes its files.
     */
    @Override
    public void close()
    {
        try
        {
            cluster.close();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the cluster", ex);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("stopping the cluster failed", ex);
        }
    }
}

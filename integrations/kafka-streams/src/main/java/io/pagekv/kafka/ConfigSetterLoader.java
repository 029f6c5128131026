package io.pagekv.kafka;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;

/**
 * Finds the {@link PagekvConfigSetter} named in a Streams config and applies it.
 */
final class ConfigSetterLoader
{
    private ConfigSetterLoader()
    {
    }

    /**
     * @param storeName the store.
     * @param settings  the supplier's settings.
     * @param configs   the application's config.
     * @return the settings the setter returns, or {@code settings} when none is configured.
     * @throws ConfigException if the setter cannot be made or returns null.
     */
    static PagekvSettings apply(final String storeName, final PagekvSettings settings, final Map<String, Object> configs)
    {
        final Object named = configs.get(PagekvConfigSetter.CONFIG);
        if (named == null)
        {
            return settings;
        }
        final PagekvSettings configured = instantiate(named).setConfig(storeName, settings, configs);
        if (configured == null)
        {
            throw new ConfigException(PagekvConfigSetter.CONFIG, named, "the setter returned null settings for store " + storeName);
        }
        return configured;
    }

    private static ClassLoader loader()
    {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ConfigSetterLoader.class.getClassLoader();
    }

    private static PagekvConfigSetter instantiate(final Object named)
    {
        try
        {
            final Class<?> type = named instanceof Class<?> c ? c : Class.forName(named.toString().trim(), true, loader());
            if (!PagekvConfigSetter.class.isAssignableFrom(type))
            {
                throw new ConfigException(PagekvConfigSetter.CONFIG, named, "does not implement " + PagekvConfigSetter.class.getName());
            }
            return (PagekvConfigSetter)type.getConstructor().newInstance();
        }
        catch (final ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException |
            InvocationTargetException ex)
        {
            throw new ConfigException(PagekvConfigSetter.CONFIG, named, "cannot be made: " + ex);
        }
    }
}

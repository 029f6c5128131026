package io.pagekv.cli;

import io.pagekv.DamagePolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * {@code --damage-policy} of the read commands: what opening does when the store's files prove
 * that committed history is missing. By default the command refuses (exit 3); with
 * {@code open-read-only-at-last-good} it reads the store as of its last good commit, and
 * {@code verify} still reports the damage. Read commands never write, so the truncating policy
 * of the library is not offered here.
 */
final class DamagePolicyOption
{
    @Option(names = "--damage-policy", paramLabel = "POLICY", defaultValue = "refuse", converter = Converter.class,
        description = "When the store's history is damaged: refuse (default, exit 3) or open-read-only-at-last-good " +
            "(read the store as of its last good commit).")
    private DamagePolicy policy = DamagePolicy.REFUSE;

    /**
     * @return the chosen policy.
     */
    DamagePolicy policy()
    {
        return policy;
    }

    /** Parses the policy's name in lower case with dashes. */
    static final class Converter implements ITypeConverter<DamagePolicy>
    {
        @Override
        public DamagePolicy convert(final String value)
        {
            final String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (name.equals(DamagePolicy.REFUSE.name()))
            {
                return DamagePolicy.REFUSE;
            }
            if (name.equals(DamagePolicy.OPEN_READ_ONLY_AT_LAST_GOOD.name()))
            {
                return DamagePolicy.OPEN_READ_ONLY_AT_LAST_GOOD;
            }
            throw new TypeConversionException("'" + value + "' is not a damage policy for a read command: " +
                "use refuse or open-read-only-at-last-good");
        }
    }
}

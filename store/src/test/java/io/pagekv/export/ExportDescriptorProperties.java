package io.pagekv.export;

import io.pagekv.ExportRefusedException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hand-written descriptor JSON: whatever a descriptor holds (names and paths with quotes,
 * backslashes, control and non-ASCII characters; any ids and sizes) parses back to the same
 * fields, and any text is either such a descriptor or refused with {@link ExportRefusedException},
 * never another exception.
 */
class ExportDescriptorProperties
{
    @Property
    void aStoreIdIsSixteenLowerCaseHexDigits(@ForAll final long storeId)
    {
        assertEquals(String.format("%016x", storeId), ExportDescriptor.hex16(storeId));
    }

    @Property
    void everyDescriptorParsesBackToItsFields(@ForAll("descriptors") final ExportDescriptor descriptor)
    {
        assertEquals(descriptor, ExportDescriptor.parse(descriptor.toJson()));
    }

    @Property
    void anyTextIsADescriptorOrRefused(@ForAll("descriptors") final ExportDescriptor descriptor,
        @ForAll("edits") final int[] edit)
    {
        final String json = descriptor.toJson();
        final int at = Math.floorMod(edit[0], json.length());
        final String edited = switch (Math.floorMod(edit[1], 3))
        {
            case 0 -> json.substring(0, at) + json.substring(at + 1);
            case 1 -> json.substring(0, at) + (char)edit[2] + json.substring(at);
            default -> json.substring(0, at);
        };
        try
        {
            final ExportDescriptor parsed = ExportDescriptor.parse(edited);
            assertEquals(parsed, ExportDescriptor.parse(parsed.toJson()), "accepted text must parse back the same");
        }
        catch (final ExportRefusedException expected)
        {
            // Refused, with a typed error: the only other outcome allowed.
        }
    }

    @Provide
    Arbitrary<ExportDescriptor> descriptors()
    {
        final Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40);
        final Arbitrary<Long> whole = Arbitraries.longs().between(0, 999_999_999_999_999_999L);
        return Combinators.combine(Arbitraries.of(ExportDescriptor.MAPPED, ExportDescriptor.SHM), text, Arbitraries.longs(), whole,
            whole, Arbitraries.integers(), text, whole).as(ExportDescriptor::new);
    }

    @Provide
    Arbitrary<int[]> edits()
    {
        return Arbitraries.integers().between(0, 0xFFFF).array(int[].class).ofSize(3);
    }
}

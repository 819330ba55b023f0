package io.videojobs.processing.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and edits the dynamic section of a 64-bit little-endian ELF shared library, as {@code patchelf} does,
 * so that the bundled ffmpeg build starts on a machine that lacks the system libraries its capture devices link:
 * {@link #removeNeeded} drops a {@code DT_NEEDED} entry and the symbol-version requirement that names the same
 * file. Their functions stay unresolved, which is harmless because they are bound lazily and only a capture
 * device (PulseAudio, ALSA, X11 grabbing) would call them; the engine never opens one.
 */
final class ElfDependencies {

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_SONAME = 14;
    private static final long DT_VERNEED = 0x6ffffffeL;
    private static final long DT_VERNEEDNUM = 0x6fffffffL;
    private static final int SHT_GNU_VERNEED = 0x6ffffffe;
    private static final int DYN_SIZE = 16;

    private final ByteBuffer elf;
    private final List<long[]> loads = new ArrayList<>();
    private final int dynamicOffset;
    private final int dynamicCount;
    private final List<long[]> dynamic = new ArrayList<>();

    private ElfDependencies(byte[] bytes) {
        elf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 64 || elf.getInt(0) != 0x464c457f || bytes[4] != 2 || bytes[5] != 1) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
        }
        long programHeaders = elf.getLong(0x20);
        int entrySize = Short.toUnsignedInt(elf.getShort(0x36));
        int count = Short.toUnsignedInt(elf.getShort(0x38));
        int dynOffset = -1;
        int dynSize = 0;
        for (int i = 0; i < count; i++) {
            int header = (int) (programHeaders + (long) i * entrySize);
            int type = elf.getInt(header);
            if (type == PT_LOAD) {
                loads.add(new long[] {elf.getLong(header + 0x10), elf.getLong(header + 0x08), elf.getLong(header + 0x20)});
            } else if (type == PT_DYNAMIC) {
                dynOffset = (int) elf.getLong(header + 0x08);
                dynSize = (int) elf.getLong(header + 0x20);
            }
        }
        if (dynOffset < 0) {
            throw new IllegalArgumentException("no dynamic section");
        }
        dynamicOffset = dynOffset;
        dynamicCount = dynSize / DYN_SIZE;
        for (int i = 0; i < dynamicCount; i++) {
            long tag = elf.getLong(dynamicOffset + i * DYN_SIZE);
            dynamic.add(new long[] {tag, elf.getLong(dynamicOffset + i * DYN_SIZE + 8)});
            if (tag == DT_NULL) {
                break;
            }
        }
    }

    /** The library names in {@code file}'s {@code DT_NEEDED} entries, in order. */
    static List<String> needed(Path file) throws IOException {
        ElfDependencies elf = new ElfDependencies(Files.readAllBytes(file));
        return elf.dynamic.stream().filter(entry -> entry[0] == DT_NEEDED).map(entry -> elf.string(entry[1])).toList();
    }

    /** {@code file}'s {@code DT_SONAME}, if it has one. */
    static Optional<String> soname(Path file) throws IOException {
        ElfDependencies elf = new ElfDependencies(Files.readAllBytes(file));
        return elf.dynamic.stream().filter(entry -> entry[0] == DT_SONAME).findFirst().map(entry -> elf.string(entry[1]));
    }

    /** Rewrites {@code file} without the {@code DT_NEEDED} entries (and version requirements) of {@code names}. */
    static void removeNeeded(Path file, Set<String> names) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ElfDependencies elf = new ElfDependencies(bytes);
        elf.dropVersionRequirements(names);
        List<long[]> kept = elf.dynamic.stream()
                .filter(entry -> entry[0] != DT_NEEDED || !names.contains(elf.string(entry[1]))).toList();
        for (int i = 0; i < elf.dynamicCount; i++) {
            long[] entry = i < kept.size() ? kept.get(i) : new long[] {DT_NULL, 0};
            elf.elf.putLong(elf.dynamicOffset + i * DYN_SIZE, entry[0]);
            elf.elf.putLong(elf.dynamicOffset + i * DYN_SIZE + 8, entry[1]);
        }
        Files.write(file, bytes);
    }

    /** Unlinks the {@code Elf64_Verneed} records of {@code names}; the loader checks each one against a loaded file. */
    private void dropVersionRequirements(Set<String> names) {
        long[] first = entry(DT_VERNEED);
        long[] count = entry(DT_VERNEEDNUM);
        if (first == null || count == null) {
            return;
        }
        int previous = -1;
        int current = fileOffset(first[1]);
        int removed = 0;
        for (long i = 0; i < count[1]; i++) {
            int next = elf.getInt(current + 12);
            if (names.contains(string(Integer.toUnsignedLong(elf.getInt(current + 4))))) {
                removed++;
                if (previous < 0) {
                    first[1] = next == 0 ? first[1] : first[1] + next;
                } else {
                    elf.putInt(previous + 12, next == 0 ? 0 : elf.getInt(previous + 12) + next);
                }
            } else {
                previous = current;
            }
            if (next == 0) {
                break;
            }
            current += next;
        }
        count[1] -= removed;
        updateVerneedSectionCount((int) count[1]);
    }

    /** Keeps the section header's record count ({@code sh_info}) in step, for tools such as readelf. */
    private void updateVerneedSectionCount(int count) {
        long sectionHeaders = elf.getLong(0x28);
        int entrySize = Short.toUnsignedInt(elf.getShort(0x3a));
        int sections = Short.toUnsignedInt(elf.getShort(0x3c));
        for (int i = 0; i < sections && sectionHeaders > 0; i++) {
            int header = (int) (sectionHeaders + (long) i * entrySize);
            if (elf.getInt(header + 4) == SHT_GNU_VERNEED) {
                elf.putInt(header + 0x2c, count);
            }
        }
    }

    private long[] entry(long tag) {
        return dynamic.stream().filter(entry -> entry[0] == tag).findFirst().orElse(null);
    }

    private String string(long offset) {
        int start = fileOffset(entry(DT_STRTAB)[1]) + (int) offset;
        int end = start;
        while (elf.get(end) != 0) {
            end++;
        }
        byte[] name = new byte[end - start];
        elf.get(start, name);
        return new String(name, StandardCharsets.UTF_8);
    }

    private int fileOffset(long address) {
        for (long[] load : loads) {
            if (address >= load[0] && address < load[0] + load[2]) {
                return (int) (address - load[0] + load[1]);
            }
        }
        throw new IllegalArgumentException("address 0x" + Long.toHexString(address) + " is outside the file");
    }
}

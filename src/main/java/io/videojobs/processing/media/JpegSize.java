package io.videojobs.processing.media;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JPEG's width and height from its frame header (SOF) without decoding it: a thumbnail's size is all the
 * engine needs, and {@code javax.imageio} looked readers up and parsed far more for each of them.
 */
public final class JpegSize {

    private static final int MARKER = 0xFF;
    private static final int START_OF_IMAGE = 0xD8;

    private JpegSize() {
    }

    /** {@code {width, height}} of a baseline or progressive JPEG; an {@link IOException} when it is not one. */
    public static int[] of(Path file) throws IOException {
        try (InputStream stream = Files.newInputStream(file)) {
            return of(stream);
        }
    }

    static int[] of(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 512));
        try {
            if (in.readUnsignedByte() != MARKER || in.readUnsignedByte() != START_OF_IMAGE) {
                throw new IOException("Not a JPEG file");
            }
            while (true) {
                int marker = nextMarker(in);
                if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                    continue; // stand-alone markers carry no length
                }
                int length = in.readUnsignedShort();
                if (length < 2) {
                    throw new IOException("Corrupt JPEG segment length " + length);
                }
                if (isStartOfFrame(marker)) {
                    in.readUnsignedByte(); // sample precision
                    int height = in.readUnsignedShort();
                    int width = in.readUnsignedShort();
                    if (width == 0 || height == 0) {
                        throw new IOException("JPEG frame header has no size");
                    }
                    return new int[] {width, height};
                }
                in.skipNBytes(length - 2);
            }
        } catch (EOFException e) {
            throw new IOException("JPEG ended before its frame header", e);
        }
    }

    private static int nextMarker(DataInputStream in) throws IOException {
        if (in.readUnsignedByte() != MARKER) {
            throw new IOException("Corrupt JPEG: expected a marker");
        }
        int marker = in.readUnsignedByte();
        while (marker == MARKER) { // fill bytes
            marker = in.readUnsignedByte();
        }
        return marker;
    }

    /** SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }
}

package io.videojobs.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void anIfNoneMatchListMatchesWhenAnyOfItsTagsIsTheCurrentOneWeaklyCompared() {
        assertTrue(EntityTags.matches("\"a\", \"b\"", "\"b\""));
        assertTrue(EntityTags.matches("W/\"b\"", "\"b\""));
        assertTrue(EntityTags.matches("*", "\"b\""));
        assertFalse(EntityTags.matches("\"a\"", "\"b\""));
        assertFalse(EntityTags.matches(null, "\"b\""));
        assertFalse(EntityTags.matches("", "\"b\""));
    }
}

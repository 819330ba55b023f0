package io.videojobs.search;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.videojobs.support.JobApi;
import io.videojobs.support.StoredResults;
import io.videojobs.support.StoredResults.Said;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/search}: ranking, phrases, prefixes, snippets as offsets with segment start times, owner isolation
 * and an edit found at once. Transcripts are stored as the TRANSCRIPTION stage stores them ({@link StoredResults}).
 * Each test searches for words made up for it, so jobs of other tests and runs never match.
 */
@QuarkusTest
class SearchTest {

    private static final Random RANDOM = new Random();

    @Inject
    Pool pool;

    private final JobApi alice = JobApi.as(TestTokens.user("search-alice-" + UUID.randomUUID()));
    private final JobApi bob = JobApi.as(TestTokens.user("search-bob-" + UUID.randomUUID()));

    @Test
    void aTitleHitRanksAboveTagsAboveTheDescriptionAboveWhatWasSaid() {
        String word = madeUpWord();
        String spoken = job(alice, Map.of("TITLE", "Morning walk"));
        StoredResults.transcript(pool, spoken, new Said(4, 8, "and then the " + word + " came by"));
        String described = job(alice, Map.of("TITLE", "Afternoon", "DESCRIPTION", "A long walk where a " + word
                + " was seen near the pier."));
        String tagged = job(alice, Map.of("TITLE", "Evening", "TAGS", List.of("pier", word)));
        String titled = job(alice, Map.of("TITLE", "The " + word + " at dawn"));
        job(alice, Map.of("TITLE", "Nothing to do with it"));

        JsonNode result = search(alice, word);

        assertEquals(List.of(titled, tagged, described, spoken), ids(result));
    }

    @Test
    void aPhraseMatchesItsWordsInThatOrderOnly() {
        String old = madeUpWord();
        String market = madeUpWord();
        String inOrder = job(alice, Map.of("TITLE", "Harbour tour"));
        StoredResults.transcript(pool, inOrder, new Said(0, 5, "welcome aboard"),
                new Said(93.5, 97, "here is the " + old + " " + market + " by the water"));
        String reversed = job(alice, Map.of("TITLE", "City tour"));
        StoredResults.transcript(pool, reversed, new Said(10, 12, "the " + market + " is " + old));

        assertEquals(List.of(inOrder), ids(search(alice, "\"" + old + " " + market + "\"")));
        assertEquals(2, ids(search(alice, old + " " + market)).size(), "without quotes both words anywhere match");
    }

    @Test
    void aPhraseIsFoundAcrossTwoSegmentsAndWithAStopWordInsideButNotWithAnotherWordInside() {
        String lord = madeUpWord();
        String rings = madeUpWord();
        String across = job(alice, Map.of("TITLE", "Across"));
        StoredResults.transcript(pool, across, new Said(0, 5, "and then the " + lord),
                new Said(5, 9, rings + " began"));
        String withStopWord = job(alice, Map.of("TITLE", "The " + lord + " of the " + rings));
        String apart = job(alice, Map.of("TITLE", "Apart"));
        StoredResults.transcript(pool, apart, new Said(0, 5, "the " + lord + " saw " + rings));

        assertEquals(List.of(across), ids(search(alice, "\"" + lord + " " + rings + "\"")));
        assertEquals(List.of(withStopWord), ids(search(alice, "\"" + lord + " of the " + rings + "\"")));
    }

    @Test
    void theWordsMayBeSaidApartAndEverySegmentHoldingOneIsListedWithItsWordMarked() {
        String harbour = madeUpWord();
        String tour = madeUpWord();
        String jobId = job(alice, Map.of("TITLE", "Sunday"));
        StoredResults.transcript(pool, jobId, new Said(0, 4, "the " + harbour + " at dawn"), new Said(4, 8, "nothing"),
                new Said(61.5, 65, "a " + tour + " by boat"));
        String onlyOne = job(alice, Map.of("TITLE", "Monday"));
        StoredResults.transcript(pool, onlyOne, new Said(0, 4, "the " + harbour + " again"));

        JsonNode result = search(alice, harbour + " " + tour);

        assertEquals(List.of(jobId), ids(result), "a job must hold every word, anywhere in it");
        JsonNode segments = result.path("items").get(0).path("segments");
        assertEquals(List.of(0.0, 61.5), List.of(segments.get(0).path("start_seconds").asDouble(),
                segments.get(1).path("start_seconds").asDouble()));
        assertEquals(List.of(harbour), matched(segments.get(0).path("text")));
        assertEquals(List.of(tour), matched(segments.get(1).path("text")));
        assertEquals(2, result.path("items").get(0).path("segment_hits").asInt());
    }

    @Test
    void aPrefixMatchesEveryWordThatStartsWithIt() {
        String stem = madeUpWord();
        String one = job(alice, Map.of("TITLE", "The " + stem + "house at night"));
        String other = job(alice, Map.of("TITLE", "Other"));
        StoredResults.transcript(pool, other, new Said(1, 2, stem + "ing everywhere"));
        job(alice, Map.of("TITLE", "Not " + stem.substring(0, 5)));

        assertEquals(List.of(one, other).stream().sorted().toList(), ids(search(alice, stem + "*")).stream().sorted().toList());
    }

    @Test
    void snippetsArePlainTextWithTheMatchesAsOffsetsAndSegmentsCarryTheirStartTime() {
        String word = madeUpWord();
        String title = "<b>Old</b> \"" + word + "\" & <script>alert(1)</script> — ünïcode 🎥 " + word;
        String jobId = job(alice, Map.of("TITLE", title, "DESCRIPTION", "Filmed from the ferry. " + word
                + " appears twice."));
        StoredResults.transcript(pool, jobId, new Said(0, 4, "nothing here"),
                new Said(93.25, 96.5, "look, the " + word + " again"), new Said(120, 121, "bye"));

        JsonNode hit = search(alice, word).path("items").get(0);

        JsonNode titleSnippet = hit.path("title");
        assertEquals(title, titleSnippet.path("text").asText(), "the title comes back exactly as typed, not as HTML");
        assertEquals(List.of(word, word), matched(titleSnippet));
        assertEquals(List.of(word), matched(hit.path("description")));
        assertEquals(1, hit.path("segments").size());
        JsonNode segment = hit.path("segments").get(0);
        assertEquals(93.25, segment.path("start_seconds").asDouble());
        assertEquals(96.5, segment.path("end_seconds").asDouble());
        assertEquals(1, segment.path("position").asInt());
        assertEquals("look, the " + word + " again", segment.path("text").path("text").asText());
        assertEquals(List.of(word), matched(segment.path("text")));
        assertEquals(1, hit.path("segment_hits").asInt());
    }

    @Test
    void aHitCarriesTheJobAsTheListShowsIt() {
        String word = madeUpWord();
        String jobId = job(alice, Map.of("TITLE", "Lighthouse " + word, "TAGS", List.of("coast", "night")));
        StoredResults.probed(pool, jobId, 93.5);
        StoredResults.thumbnail(pool, jobId, 0);

        JsonNode job = search(alice, word).path("items").get(0).path("job");

        assertEquals(jobId, job.path("job_id").asText());
        assertEquals("Lighthouse " + word, job.path("title").asText());
        assertEquals(List.of("coast", "night"), texts(job.path("tags")));
        assertEquals(93.5, job.path("duration_seconds").asDouble());
        assertTrue(job.path("first_thumbnail").path("thumbnail_url").asText().startsWith("/api/jobs/" + jobId));
    }

    @Test
    void anotherUserSeesNoneOfTheJobsAndAnAdminSeesEveryonesJobs() {
        String word = madeUpWord();
        String alices = job(alice, Map.of("TITLE", "Alice's " + word));
        String bobs = job(bob, Map.of("TITLE", "Bob's"));
        StoredResults.transcript(pool, bobs, new Said(3, 4, "bob says " + word));

        assertEquals(List.of(alices), ids(search(alice, word)));
        assertEquals(List.of(bobs), ids(search(bob, word)));
        JobApi admin = JobApi.as(TestTokens.admin("search-admin-" + UUID.randomUUID()));
        assertEquals(List.of(alices, bobs).stream().sorted().toList(),
                ids(search(admin, word)).stream().sorted().toList());
    }

    @Test
    void anEditIsFoundAtOnceAndTheOldWordsNoLonger() {
        String before = madeUpWord();
        String after = madeUpWord();
        String jobId = job(alice, Map.of("TITLE", "Before " + before));
        assertEquals(List.of(jobId), ids(search(alice, before)));

        alice.setTitle(jobId, "After " + after);

        assertEquals(List.of(jobId), ids(search(alice, after)));
        assertEquals(List.of(), ids(search(alice, before)));
        StoredResults.transcript(pool, jobId, new Said(7, 9, "a " + before + " was said"));
        assertEquals(7.0, search(alice, before).path("items").get(0).path("segments").get(0)
                .path("start_seconds").asDouble(), "a new transcript is found at once too");
    }

    @Test
    void aQueryOfStopWordsOnlyFindsNothingRatherThanFailing() {
        job(alice, Map.of("TITLE", "The and of"));
        assertEquals(List.of(), ids(search(alice, "the")));
    }

    @Test
    void aMalformedQueryIsAValidationErrorOnQ() {
        for (String q : List.of("", "   ", "\"old market", "*", "light**", "li*ght", "\"quoted\"* x", "!!! ???",
                "word ".repeat(41), "a b c d e f g h i j k l m n o p q")) {
            alice.search(q).statusCode(400).body("error_code", equalTo("VALIDATION_ERROR"))
                    .body("details[0].field", equalTo("q"));
        }
        alice.request().get("/api/search").then().statusCode(400).body("details[0].field", equalTo("q"));
        alice.request().queryParam("q", "ok").queryParam("limit", "51").get("/api/search").then().statusCode(400)
                .body("details[0].field", equalTo("limit"));
        JobApi.anonymous().search("ok").statusCode(401);
    }

    /** A job of {@code api}'s with this metadata (TITLE, DESCRIPTION, TAGS) set by its owner. */
    private static String job(JobApi api, Map<String, Object> metadata) {
        String jobId = api.submitJob();
        api.patchMetadata(jobId, metadata).statusCode(200);
        return jobId;
    }

    private static JsonNode search(JobApi api, String q) {
        return JobApi.parseJson(api.search(q).statusCode(200).extract().asString());
    }

    private static List<String> ids(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.path("items").forEach(hit -> ids.add(hit.path("job").path("job_id").asText()));
        return ids;
    }

    /** The matched pieces of a snippet, cut out of its text by its offsets. */
    private static List<String> matched(JsonNode snippet) {
        String text = snippet.path("text").asText();
        List<String> pieces = new ArrayList<>();
        snippet.path("matches").forEach(range -> pieces.add(text.substring(range.path("start").asInt(),
                range.path("end").asInt())));
        return pieces;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** A word no dictionary has (consonant-vowel pairs, so no stemming rule cuts it), unique to the call. */
    static String madeUpWord() {
        String consonants = "bdfgklmnprtvz";
        String vowels = "aiou";
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            word.append(consonants.charAt(RANDOM.nextInt(consonants.length())))
                    .append(vowels.charAt(RANDOM.nextInt(vowels.length())));
        }
        return word.append('x').toString();
    }
}

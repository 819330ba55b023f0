package io.videojobs.job;

import java.util.List;

/**
 * A job as a list shows it, with what a person recognises it by: its title (the owner's or the generated one, null
 * before either exists), tags, the source's duration (null before it was probed) and first thumbnail (null before
 * one was generated).
 */
public record ListedJob(Job job, String title, List<String> tags, Double durationSeconds, JobThumbnail firstThumbnail) {
}

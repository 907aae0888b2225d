package dev.larder.store;

/** Outcome of gc: live blobs kept, dead blobs dropped, segment bytes before and after. */
public record GcResult(long liveBlobs, long droppedBlobs, long bytesBefore, long bytesAfter) {}

package io.digitctl.web;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** Server-sent events: each open stream has a queue; a publish goes to every queue. */
final class Events {
    /** One event: its name and its JSON data (one line). */
    record Event(String name, String data) {
    }

    private final List<BlockingQueue<Event>> streams = new CopyOnWriteArrayList<>();

    BlockingQueue<Event> open() {
        BlockingQueue<Event> queue = new LinkedBlockingQueue<>(1000);
        streams.add(queue);
        return queue;
    }

    void close(BlockingQueue<Event> queue) {
        streams.remove(queue);
    }

    void publish(String name, String data) {
        Event event = new Event(name, data);
        for (BlockingQueue<Event> q : streams) {
            // a stream that does not read is dropped from rather than allowed to grow
            q.offer(event);
        }
    }
}

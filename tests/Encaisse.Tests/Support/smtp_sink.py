"""Tiny SMTP sink for tests: python3 smtp_sink.py PORT FOLDER [DELAY]; writes each received message to FOLDER/N.eml,
then answers 250 after DELAY seconds (a slowish server, default 0)."""
import asyncio
import os
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, delay):
        self.folder = folder
        self.delay = delay
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, "%05d.eml" % self.count)
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(path + ".tmp", path)
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        return "250 2.0.0 Ok: stored %d" % self.count


async def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    controller = Controller(Sink(folder, delay), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        controller.stop()


asyncio.run(main())

"""Tests of the benchmark suite's own machinery (bench/): the processes it starts and waits for."""

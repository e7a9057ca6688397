"""Population register workflows: DC01 collection, DC02 corrections, population events
(births, deaths, moves, temporary residence, absence) and ID-number cancellation."""

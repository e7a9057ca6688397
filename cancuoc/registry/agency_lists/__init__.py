"""Lists that agencies send to the police (seed 003): cadres and employees, students aged 14
and over, the armed forces. Templates to download, and the returned lists kept entry by entry,
each linked to the person in the register, to see who still needs a card."""

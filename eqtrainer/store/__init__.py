"""What eqtrainer keeps on disk between runs: settings and results. No textual here."""

"""`outcomes preview`: a draft's web page served on the officer's own machine, following every
save; the PDF, the Word copy and the redline rendered on request. It records nothing."""

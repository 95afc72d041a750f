"""Geography for map sections: the offline gazetteer, country outlines, the projection.

Imported only by briefings that have a map (the layout imports it lazily), so an export
without a map reads none of its data and imports none of its libraries.
"""
